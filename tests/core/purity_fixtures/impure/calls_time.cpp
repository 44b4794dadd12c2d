long now() { return ::time(nullptr); }
