#include "operator/operator_table.hpp"

#include <algorithm>
#include <ostream>

namespace twofold::server {

namespace {

std::size_t code_points(const std::string& text) {
  return static_cast<std::size_t>(
      std::ranges::count_if(text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

// Control characters (a name with a line break, an escape sequence) would
// break the table or the terminal: shown as '?'.
std::string printable(std::string text) {
  const auto control = [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20U || byte == 0x7FU;
  };
  std::ranges::replace_if(text, control, '?');
  return text;
}

}  // namespace

operator_table::operator_table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }

void operator_table::add(std::vector<std::string> row) {
  for (auto& cell : row) cell = printable(std::move(cell));
  row.resize(rows_.front().size());
  rows_.push_back(std::move(row));
}

void operator_table::print(std::ostream& out) const {
  std::vector<std::size_t> widths(rows_.front().size(), 0);
  for (const auto& row : rows_) {
    for (std::size_t column = 0; column < row.size(); ++column) {
      widths[column] = std::max(widths[column], code_points(row[column]));
    }
  }
  for (const auto& row : rows_) {
    std::string line;
    for (std::size_t column = 0; column < row.size(); ++column) {
      line += row[column];
      if (column + 1 < row.size()) line += std::string(widths[column] - code_points(row[column]) + 2, ' ');
    }
    out << line << '\n';
  }
}

}  // namespace twofold::server
