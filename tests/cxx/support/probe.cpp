// Linked (without exceptions) when the EH support is built, to find zig's
// libc++.a on the link command line zig prints (tests/src/cxx.rs).
#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    std::string s(argv[0]);
    std::printf("%d %zu\n", argc, s.size());
    return 0;
}
