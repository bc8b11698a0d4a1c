// Linked (not run) once when the EH support is built: checks that the
// support objects and zig's libraries link, and fills zig's cache.
#include <cstdio>
#include <stdexcept>

int main() {
    try {
        throw std::runtime_error("smoke");
    } catch (const std::exception& e) {
        std::puts(e.what());
    }
    return 0;
}
