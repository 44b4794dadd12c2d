/* a comment ends here */ #include <fstream>
