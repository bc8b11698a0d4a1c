// An exception leaving a noexcept function calls std::terminate: the
// compiler's terminate landing pad catches it and calls the terminate
// handler, by default the runtime's, which prints a message and calls
// abort() (in wasm: `unreachable`, a trap with status 134). With an
// argument a std::set_terminate handler runs instead.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>

static void on_terminate() {
    std::puts("terminate handler called");
    std::fflush(stdout);
    std::abort();
}

static void throws() { throw std::logic_error("thrown through noexcept"); }

static void promise() noexcept { throws(); }

int main(int argc, char**) {
    std::puts("before the call");
    std::fflush(stdout);
    if (argc > 1)
        std::set_terminate(on_terminate);
    promise();
    std::puts("not reached");
    return 0;
}
