#include<fstream>
