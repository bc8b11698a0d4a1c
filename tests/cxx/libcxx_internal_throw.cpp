// A KNOWN LIMIT of the toolchain the suite uses: zig builds libc++.a
// without exceptions and the suite recompiles only the members that have no
// static initializers (tests/src/cxx.rs), so a throw inside the others
// cannot throw: libc++ prints a message and aborts. Here: a stream with an
// exception mask failing to parse (ios_base::clear, in ios.cpp). Natively
// the exception is caught. The test pins this down so a libc++ with
// exceptions shows up as a change.
#include <cstdio>
#include <ios>
#include <sstream>

int main() {
    std::istringstream in("not a number");
    in.exceptions(std::ios::failbit);
    std::puts("parsing an int with the failbit exception mask");
    std::fflush(stdout);
    try {
        int x = 0;
        in >> x;
        std::printf("parsed %d\n", x);
    } catch (const std::ios_base::failure&) {
        std::puts("caught std::ios_base::failure");
    }
    return 0;
}
