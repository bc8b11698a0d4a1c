// Catch by type: the first matching handler wins; base classes by
// reference and by pointer, ambiguous bases skipped, catch(...), built-in
// types, std:: exceptions, qualification conversions and nested try blocks
// that let a type they do not handle pass outward.
#include <cstdio>
#include <stdexcept>
#include <string>

struct Base {
    virtual ~Base() = default;
    virtual const char* name() const { return "Base"; }
};
struct Mid : Base {
    const char* name() const override { return "Mid"; }
};
struct Leaf : Mid {
    const char* name() const override { return "Leaf"; }
};
struct Other {
    int code;
};
struct Left : Base {};
struct Right : Base {};
struct Diamond : Left, Right {}; // two Base subobjects: catch (Base&) does not match

static void thrower(int which) {
    switch (which) {
    case 0: throw 42;
    case 1: throw 2.5;
    case 2: throw "a C string";
    case 3: throw Leaf();
    case 4: throw Mid();
    case 5: throw Other{7};
    case 6: throw std::out_of_range("index 9");
    case 7: throw std::string("a std::string");
    case 8: { static Leaf leaf; throw &leaf; }
    case 9: throw Diamond();
    case 10: throw 'c';
    case 11: throw 123456789012LL;
    default: throw std::logic_error("default");
    }
}

static void classify(int which) {
    try {
        try {
            thrower(which);
        } catch (int v) {
            std::printf("%2d: int %d\n", which, v);
        } catch (double v) {
            std::printf("%2d: double %.2f\n", which, v);
        } catch (const char* s) {
            std::printf("%2d: const char* \"%s\"\n", which, s);
        } catch (const Leaf& l) {
            std::printf("%2d: Leaf& (%s)\n", which, l.name());
        } catch (const Base& b) {
            std::printf("%2d: Base& (%s)\n", which, b.name());
        } catch (Base* b) {
            std::printf("%2d: Base* (%s)\n", which, b->name());
        } catch (const std::runtime_error& e) {
            std::printf("%2d: runtime_error %s\n", which, e.what());
        } catch (const std::logic_error& e) {
            std::printf("%2d: logic_error %s\n", which, e.what());
        }
    } catch (const Other& o) {
        std::printf("%2d: outer Other{%d}\n", which, o.code);
    } catch (const std::string& s) {
        std::printf("%2d: outer std::string \"%s\"\n", which, s.c_str());
    } catch (const Left& l) {
        std::printf("%2d: outer Left& (%s)\n", which, l.name());
    } catch (...) {
        std::printf("%2d: outer catch(...)\n", which);
    }
}

int main() {
    for (int i = 0; i <= 12; i++)
        classify(i);
    // The handler order matters: a base handler first hides the derived one.
    try {
        throw Leaf();
    } catch (const Base& b) {
        std::printf("base first: %s\n", b.name());
    } catch (const Leaf&) {
        std::puts("not reached");
    }
    // By value: a copy (sliced to the handler's type).
    try {
        throw Leaf();
    } catch (Mid m) {
        std::printf("by value: %s\n", m.Mid::name());
    }
    return 0;
}
