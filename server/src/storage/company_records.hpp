#pragma once
// Records of the operator's view of the platform: the companies with their
// head counts, a company created with its first administrator, and a company
// disabled or enabled again. Plain strings and integers, like records.hpp.
#include <cstdint>

#include "storage/records.hpp"

namespace twofold::server {

// One row of `twofold-server company list`.
struct company_overview_record {
  company_record company;
  std::int64_t admins = 0;  // enabled administrators
  std::int64_t people = 0;  // every user, administrators and disabled ones included
};

struct created_company {
  row_id company_id = 0;
  row_id admin_id = 0;
};

struct company_disabled_change {
  row_id company_id = 0;
  bool disabled = false;
};

}  // namespace twofold::server
