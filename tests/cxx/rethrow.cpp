// Rethrowing: `throw;` from a handler and from a function it calls, the
// same exception object travelling on (not a copy), std::exception_ptr
// (current_exception, rethrow_exception, make_exception_ptr, kept after its
// handler ended), nested try blocks inside a handler, and
// std::throw_with_nested / std::rethrow_if_nested.
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

struct Tracked : std::runtime_error {
    int hops = 0;
    explicit Tracked(const char* m) : std::runtime_error(m) {}
};

static void rethrow_current() { throw; }

static void stage(int n) {
    try {
        if (n == 0)
            throw Tracked("tracked");
        stage(n - 1);
    } catch (Tracked& t) {
        t.hops++;
        if (n % 2)
            throw;
        rethrow_current();
    }
}

static std::exception_ptr saved;

static void keep() {
    try {
        throw std::out_of_range("kept for later");
    } catch (...) {
        saved = std::current_exception();
    }
}

static void nested_in_handler() {
    try {
        throw 1;
    } catch (int a) {
        try {
            throw std::string("inner");
        } catch (const std::string& s) {
            std::printf("inner handler: %s (outer %d still active)\n", s.c_str(), a);
            try {
                throw;
            } catch (const std::string& again) {
                std::printf("rethrown inner: %s\n", again.c_str());
            }
        }
        std::printf("back in outer handler: %d\n", a);
        throw;
    }
}

static void print_nested(const std::exception& e, int level) {
    std::printf("%*s%s\n", level * 2, "", e.what());
    try {
        std::rethrow_if_nested(e);
    } catch (const std::exception& inner) {
        print_nested(inner, level + 1);
    }
}

static void open_config() { throw std::runtime_error("file not found"); }
static void load() {
    try {
        open_config();
    } catch (...) {
        std::throw_with_nested(std::runtime_error("cannot load configuration"));
    }
}

int main() {
    try {
        stage(5);
    } catch (const Tracked& t) {
        std::printf("%s: %d hops, same object all the way\n", t.what(), t.hops);
    }

    keep();
    std::printf("saved is %s\n", saved ? "set" : "null");
    for (int i = 0; i < 2; i++) {
        try {
            std::rethrow_exception(saved);
        } catch (const std::out_of_range& e) {
            std::printf("rethrow_exception #%d: %s\n", i, e.what());
        }
    }
    saved = nullptr;

    std::exception_ptr made = std::make_exception_ptr(std::logic_error("made"));
    try {
        std::rethrow_exception(made);
    } catch (const std::exception& e) {
        std::printf("make_exception_ptr: %s\n", e.what());
    }
    std::printf("no exception outside a handler: %s\n",
                std::current_exception() ? "wrong" : "null");

    try {
        nested_in_handler();
    } catch (int v) {
        std::printf("outer rethrow reached main: %d\n", v);
    }

    try {
        load();
    } catch (const std::exception& e) {
        print_nested(e, 0);
    }
    std::printf("uncaught_exceptions at the end: %d\n", std::uncaught_exceptions());
    return 0;
}
