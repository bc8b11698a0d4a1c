// Destructors during unwinding, in order: locals in reverse order of
// construction, nested scopes, members and bases of a partially constructed
// object (its own destructor does not run), temporaries, and objects in the
// handler's scope; a destructor that catches internally is fine.
#include <cstdio>
#include <stdexcept>

struct Noisy {
    const char* name;
    explicit Noisy(const char* n) : name(n) { std::printf("  ctor %s\n", name); }
    Noisy(const Noisy& o) : name(o.name) { std::printf("  copy %s\n", name); }
    ~Noisy() { std::printf("  dtor %s\n", name); }
};

struct Fails {
    Noisy first{"Fails::first"};
    Noisy second{"Fails::second"};
    explicit Fails(bool fail) {
        std::puts("  Fails body");
        if (fail)
            throw std::runtime_error("Fails ctor");
    }
    ~Fails() { std::puts("  ~Fails (must not run for a failed ctor)"); }
};

struct Derived : Noisy {
    Noisy member{"Derived::member"};
    Derived() : Noisy("Derived::base") { throw 5; }
};

struct CatchesInDtor {
    ~CatchesInDtor() {
        try {
            throw 1;
        } catch (int) {
            std::puts("  caught inside a destructor during unwinding");
        }
    }
};

static Noisy make(const char* n) { return Noisy(n); }
static int use(const Noisy&, int v) {
    if (v)
        throw std::logic_error("use");
    return 0;
}

static void level2() {
    Noisy a("level2.a");
    {
        Noisy b("level2.inner.b");
        Noisy c("level2.inner.c");
    }
    Noisy d("level2.d");
    CatchesInDtor guard;
    throw std::runtime_error("from level2");
}

static void level1() {
    Noisy x("level1.x");
    level2();
    Noisy y("level1.y (never)");
}

int main() {
    std::puts("1: nested frames");
    try {
        Noisy top("main.top");
        level1();
    } catch (const std::exception& e) {
        std::printf("caught %s\n", e.what());
    }
    std::puts("2: failing constructor");
    try {
        Fails f(true);
    } catch (const std::exception& e) {
        std::printf("caught %s\n", e.what());
    }
    std::puts("3: base and member of a failing derived ctor");
    try {
        Derived d;
    } catch (int v) {
        std::printf("caught int %d\n", v);
    }
    std::puts("4: temporaries in a full expression");
    try {
        use(make("temporary"), 1);
    } catch (const std::exception& e) {
        std::printf("caught %s\n", e.what());
    }
    std::puts("5: exception object copied into the handler, destroyed at its end");
    try {
        throw Noisy("thrown");
    } catch (Noisy n) {
        std::printf("in handler with %s\n", n.name);
    }
    std::puts("done");
    return 0;
}
