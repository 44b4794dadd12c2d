int f() {
#ifdef __EMSCRIPTEN__
  return 1;
#endif
  return 0;
}
