#pragma once
// Lowers the scheduling priority of the calling thread alone (Linux: each
// thread has its own nice value). For bulk work that must yield to the
// threads answering requests, such as password hashing: with every core
// hashing, a request's thread still gets a core the moment it wakes.
namespace twofold::server {

// How much nicer than the rest of the server the password-hashing threads
// run: at 10 a thread of ours at the default weighs about nine times as much
// to the scheduler, and a core no one else wants still hashes at full speed.
inline constexpr int password_hashing_niceness = 10;

// Adds `niceness` to the calling thread's nice value, once per thread:
// later calls on the same thread do nothing. Raising it needs no privilege;
// a failure leaves the priority as it was.
void lower_this_thread_priority(int niceness);

}  // namespace twofold::server
