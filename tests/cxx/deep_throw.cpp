// Throw across many frames: an exception thrown 1000 calls deep (and through
// mutual recursion) is caught at the top; every frame's destructor runs.
#include <cstdio>
#include <initializer_list>
#include <stdexcept>

static int live = 0;
static int destroyed = 0;

struct Frame {
    int depth;
    explicit Frame(int d) : depth(d) { ++live; }
    ~Frame() { --live; ++destroyed; }
};

struct Deep {
    int depth;
};

static int dive(int n) {
    Frame f(n);
    if (n == 0)
        throw Deep{1000};
    return dive(n - 1) + 1;
}

static int odd(int n);
static int even(int n) {
    Frame f(n);
    if (n == 0)
        throw std::runtime_error("bottom of even/odd");
    return odd(n - 1) + 1;
}
static int odd(int n) {
    Frame f(n);
    if (n == 0)
        throw std::runtime_error("bottom of odd/even");
    return even(n - 1) + 1;
}

int main() {
    try {
        dive(999);
        std::puts("not reached");
    } catch (const Deep& d) {
        std::printf("caught Deep{%d}: live=%d destroyed=%d\n", d.depth, live, destroyed);
    }
    for (int n : {10, 501, 2000}) {
        destroyed = 0;
        try {
            even(n);
        } catch (const std::exception& e) {
            std::printf("even(%d): %s, live=%d destroyed=%d\n", n, e.what(), live, destroyed);
        }
    }
    return 0;
}
