// A storage file reaching up into app/: the build must refuse it
// (server/CMakeLists.txt's twofold_layer; tests/server/CMakeLists.txt).
#include "app/route.hpp"
#include "storage/change_set.hpp"
