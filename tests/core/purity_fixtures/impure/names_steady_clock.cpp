#include <chrono>
using clk = std::chrono::steady_clock;
