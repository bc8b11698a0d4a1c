// Throwing through indirect calls: function pointers (call_indirect),
// virtual calls, std::function and std::bind, lambdas, member function
// pointers, and std::bad_function_call from an empty std::function.
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <vector>

struct Shape {
    virtual ~Shape() = default;
    virtual double area() const = 0;
};
struct Square : Shape {
    double s;
    explicit Square(double v) : s(v) {}
    double area() const override {
        if (s < 0)
            throw std::domain_error("negative side");
        return s * s;
    }
};
struct Circle : Shape {
    double r;
    explicit Circle(double v) : r(v) {}
    double area() const override {
        if (r < 0)
            throw std::domain_error("negative radius");
        return 3.0 * r * r;
    }
};

static int checked_div(int a, int b) {
    if (b == 0)
        throw std::invalid_argument("division by zero");
    return a / b;
}
static int checked_sub(int a, int b) {
    if (b > a)
        throw std::underflow_error("negative result");
    return a - b;
}

struct Counter {
    int n = 0;
    int bump(int by) {
        if (by > 10)
            throw by;
        return n += by;
    }
};

int main() {
    int (*ops[])(int, int) = {checked_div, checked_sub};
    int args[][2] = {{10, 2}, {1, 0}, {5, 7}, {9, 3}};
    for (auto& a : args) {
        for (auto op : ops) {
            try {
                std::printf("op(%d,%d) = %d\n", a[0], a[1], op(a[0], a[1]));
            } catch (const std::exception& e) {
                std::printf("op(%d,%d) threw %s\n", a[0], a[1], e.what());
            }
        }
    }

    std::vector<Shape*> shapes = {new Square(2), new Circle(-1), new Square(-3), new Circle(1)};
    for (Shape* s : shapes) {
        try {
            std::printf("area %.1f\n", s->area());
        } catch (const std::domain_error& e) {
            std::printf("virtual call threw %s\n", e.what());
        }
        delete s;
    }

    std::vector<std::function<int(int)>> fns;
    int base = 100;
    fns.push_back([base](int x) { return base + x; });
    fns.push_back([](int x) -> int {
        if (x > 2)
            throw std::out_of_range("lambda");
        return x;
    });
    fns.push_back(std::bind(checked_div, 60, std::placeholders::_1));
    for (int x : {0, 3}) {
        for (auto& f : fns) {
            try {
                std::printf("f(%d) = %d\n", x, f(x));
            } catch (const std::exception& e) {
                std::printf("f(%d) threw %s\n", x, e.what());
            }
        }
    }

    Counter c;
    int (Counter::*bump)(int) = &Counter::bump;
    for (int by : {3, 4, 11, 2}) {
        try {
            std::printf("bump(%d) = %d\n", by, (c.*bump)(by));
        } catch (int v) {
            std::printf("member pointer call threw %d\n", v);
        }
    }

    // An empty std::function throws std::bad_function_call from the header.
    std::function<void()> empty;
    try {
        empty();
    } catch (const std::bad_function_call&) {
        std::puts("bad_function_call");
    }
    return 0;
}
