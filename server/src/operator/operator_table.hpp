#pragma once
// The list commands' output: a plain text table, columns padded to their
// widest cell (counted in code points, so names in Chinese line up as well
// as a terminal allows), a header row first. Cells never hold line breaks.
#include <iosfwd>
#include <string>
#include <vector>

namespace twofold::server {

class operator_table {
 public:
  explicit operator_table(std::vector<std::string> header);

  // As many cells as the header has columns.
  void add(std::vector<std::string> row);
  void print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;  // the header first
};

}  // namespace twofold::server
