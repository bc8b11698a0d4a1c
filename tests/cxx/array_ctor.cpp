// Exceptions in constructors of arrays: the elements already constructed
// are destroyed in reverse order (automatic arrays, new[] with its memory
// freed, aggregate members, std::vector's constructor) and nothing leaks.
#include <cstdio>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <vector>

static int next_id = 0;
static int fail_at = -1;
static int alive = 0;
// std::vector destroys its partial elements in an order the standard leaves
// open (libc++ and libstdc++ differ): only the count is printed there.
static bool verbose = true;

struct Elem {
    int id;
    Elem() : id(next_id++) {
        if (id == fail_at)
            throw std::runtime_error("element constructor");
        ++alive;
        if (verbose)
            std::printf("  +%d", id);
    }
    Elem(const Elem& o) : id(next_id++) {
        (void)o;
        if (id == fail_at)
            throw std::runtime_error("element copy");
        ++alive;
        if (verbose)
            std::printf("  +%d", id);
    }
    ~Elem() {
        --alive;
        if (verbose)
            std::printf("  -%d", id);
    }
};

struct Holder {
    Elem before;
    Elem arr[3];
    Elem after;
};

static long array_news = 0, array_deletes = 0;
void* operator new[](std::size_t n) {
    ++array_news;
    void* p = std::malloc(n);
    if (!p)
        throw std::bad_alloc();
    return p;
}
void operator delete[](void* p) noexcept {
    ++array_deletes;
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    ++array_deletes;
    std::free(p);
}

static void reset(int fail) {
    next_id = 0;
    fail_at = fail;
}

static void report(const char* what, const std::exception& e) {
    std::printf("\n%s: caught %s, alive=%d\n", what, e.what(), alive);
}

int main() {
    reset(3);
    try {
        Elem local[5];
        std::puts("not reached");
    } catch (const std::exception& e) {
        report("automatic array", e);
    }

    reset(4);
    try {
        Elem* heap = new Elem[6];
        delete[] heap;
    } catch (const std::exception& e) {
        report("new[]", e);
    }
    std::printf("array new/delete: %ld/%ld\n", array_news, array_deletes);

    reset(2);
    try {
        Holder h;
    } catch (const std::exception& e) {
        report("aggregate with array member", e);
    }

    reset(7);
    try {
        Elem two[2][3];
    } catch (const std::exception& e) {
        report("two-dimensional array", e);
    }

    reset(-1);
    {
        Elem proto;
        verbose = false;
        fail_at = 4;
        try {
            std::vector<Elem> v(5, proto);
        } catch (const std::exception& e) {
            report("vector(n, value)", e);
        }
    }
    std::printf("\nfinal alive=%d\n", alive);
    return 0;
}
