// The start-up floor of a `tertial` run: a program that loads the same
// external shared libraries as `tertial` at start-up (HarfBuzz, FreeType,
// fontconfig, libunibreak, libdeflate, Nettle, fmt, Boost.Filesystem,
// the C++ runtime; PoDoFo and what it pulls in come later, with the PDF
// writer's module) and does nothing else.
// bench/pdf_bench.sh times it next to `tertial --version`: no report can be
// rendered faster than this, whatever Tertial's own code does.
int main() { return 0; }
