#include <cstdlib>
int roll() { return rand() % 6; }
