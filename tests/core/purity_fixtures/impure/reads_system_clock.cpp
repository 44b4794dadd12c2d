#include <chrono>
auto now() { return std::chrono::system_clock::now(); }
