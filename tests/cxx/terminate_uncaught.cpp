// An exception nobody catches. Natively the C++ runtime calls
// std::terminate (message on stderr, SIGABRT). In wasm the `throw`
// instruction unwinds out of the module's entry point with no handler, so
// wasmc reports the uncaught wasm exception as a trap (status 134); the
// destructors of the frames it left do not run in either case (the native
// two-phase unwinder finds no handler, wasm has no frame left to run them).
#include <cstdio>
#include <stdexcept>

struct Noisy {
    ~Noisy() { std::puts("destructor ran (must not)"); }
};

static void inner() {
    Noisy n;
    throw std::runtime_error("nobody catches this");
}

int main() {
    std::puts("before the throw");
    std::fflush(stdout);
    inner();
    std::puts("not reached");
    return 0;
}
