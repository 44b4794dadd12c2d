// The same storage file reaching down into runtime/ compiles: the refusal
// of upward_include.cpp is the layers', not a broken fixture.
#include "runtime/clock.hpp"
#include "storage/change_set.hpp"
