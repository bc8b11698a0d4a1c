// A KNOWN LIMIT of the toolchain the suite uses: zig builds libc++.a
// without exceptions, so a throw inside code compiled into the library
// (std::string is instantiated there: std::string::at) cannot throw; libc++
// prints a message and aborts. Natively the exception is caught. The test
// pins this down so a libc++ with exceptions shows up as a change.
#include <cstdio>
#include <stdexcept>
#include <string>

int main() {
    std::string s = "abc";
    std::puts("calling string::at(10)");
    std::fflush(stdout);
    try {
        std::printf("%c\n", s.at(10));
    } catch (const std::out_of_range&) {
        std::puts("caught std::out_of_range");
    }
    return 0;
}
