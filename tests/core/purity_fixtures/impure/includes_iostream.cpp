#include <iostream>
void f() {}
