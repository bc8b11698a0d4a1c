// Built with exceptions but never throwing: try blocks, destructors with
// cleanup landing pads, std containers and strings all run their normal
// paths, and the program exits normally.
#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct Resource {
    std::string name;
    explicit Resource(std::string n) : name(std::move(n)) {}
    ~Resource() { std::printf("release %s\n", name.c_str()); }
};

static int parse_digit(char c) {
    if (c < '0' || c > '9')
        throw std::invalid_argument("not a digit");
    return c - '0';
}

int main() {
    std::map<std::string, int> counts;
    std::vector<std::unique_ptr<Resource>> held;
    const char* words[] = {"alpha", "beta", "alpha", "gamma", "beta", "alpha"};
    for (const char* w : words) {
        counts[w]++;
        held.push_back(std::make_unique<Resource>(w));
    }
    for (const auto& [k, v] : counts)
        std::printf("%s: %d\n", k.c_str(), v);
    int total = 0;
    try {
        for (char c : std::string("31415926"))
            total += parse_digit(c);
    } catch (const std::exception& e) {
        std::printf("unexpected: %s\n", e.what());
    }
    std::printf("digit sum %d\n", total);
    while (!held.empty())
        held.pop_back(); // in order (vector::clear's order is unspecified)
    return 0;
}
