// run_isolated(): fork, limits, a pipe back, and a clear sentence for every way the child can fail.
#include "isolated.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <new>

#include "tertial/pdf/display.hpp"
#include "tertial/pdf/embedded.hpp"

namespace tertial::cli {
namespace {

void write_all(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

[[noreturn]] void child(int fd, const std::function<std::string()>& work, const IsolationLimits& limits) {
    rlimit cpu{static_cast<rlim_t>(limits.cpu_seconds), static_cast<rlim_t>(limits.cpu_seconds + 1)};
    ::setrlimit(RLIMIT_CPU, &cpu);
    if (memory_limit_enforced()) {
        rlimit memory{static_cast<rlim_t>(limits.memory_bytes), static_cast<rlim_t>(limits.memory_bytes)};
        ::setrlimit(RLIMIT_AS, &memory);
    }
    rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    // A crash must end the child by its signal, for the parent to name it.
    // A sanitizer runtime catches these signals to print a report and exit
    // with a status instead; the reader it would report on is an
    // uninstrumented library, so the child gives them back their default.
    for (int fatal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL}) ::signal(fatal, SIG_DFL);
    std::string answer;
    try {
        answer = "O" + work();
    } catch (const std::bad_alloc&) {
        answer = "M";
    } catch (const std::exception& e) {
        answer = std::string("E") + e.what();
    } catch (...) {
        answer = "Ean unknown exception";
    }
    write_all(fd, answer);
    ::_exit(0);
}

}  // namespace

// GCC defines __SANITIZE_ADDRESS__ under -fsanitize=address; clang 14 does
// not (newer clangs do), it answers __has_feature(address_sanitizer) only.
#if defined(__SANITIZE_ADDRESS__)
#define TERTIAL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TERTIAL_ASAN 1
#endif
#endif

bool memory_limit_enforced() {
#if defined(TERTIAL_ASAN)
    return false;
#else
    return true;
#endif
}

std::string run_isolated(const std::function<std::string()>& work, const IsolationLimits& limits) {
    int fds[2];
    if (::pipe(fds) != 0) throw IsolationError(fmt::format("cannot start a reader process: {}", std::strerror(errno)));
    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        throw IsolationError(fmt::format("cannot start a reader process: {}", std::strerror(errno)));
    }
    if (pid == 0) {
        ::close(fds[0]);
        child(fds[1], work, limits);
    }
    ::close(fds[1]);
    std::string answer;
    bool timed_out = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limits.wall_seconds);
    char buffer[65536];
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            ::kill(pid, SIGKILL);
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        int ready = ::poll(&p, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0) continue;  // the deadline is checked above
        ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        answer.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    // Both limits are named, whichever stopped it: on a busy machine the
    // wall-clock one comes first, and the message should not depend on that.
    if (timed_out || (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL)))
        throw IsolationError(fmt::format("not readable within {} s of processor time and {} s in all (the reader was "
                                         "stopped: the file is damaged, or made to hang readers)",
                                         limits.cpu_seconds, limits.wall_seconds));
    if (WIFSIGNALED(status))
        throw IsolationError(fmt::format("the PDF reader crashed on it (signal {}: {}): the file is damaged, or made to "
                                         "crash readers",
                                         WTERMSIG(status), strsignal(WTERMSIG(status))));
    if (answer.empty()) throw IsolationError("the PDF reader ended without an answer");
    switch (answer[0]) {
        case 'O':
            return answer.substr(1);
        case 'M':
            throw IsolationError(fmt::format("reading it needs more than {} MB of memory: the file is damaged, or made "
                                             "to exhaust readers",
                                             limits.memory_bytes >> 20));
        default:
            throw IsolationError(answer.substr(1));
    }
}

std::optional<std::string> read_attachment_isolated(const std::string& pdf_bytes, const std::string& name,
                                                    const IsolationLimits& limits) {
    pdf::load_emit_module();  // here, not in each child under its limits
    std::string answer = run_isolated(
        [&] {
            auto data = pdf::read_attachment(pdf_bytes, name);
            return data ? "1" + *data : std::string("0");
        },
        limits);
    if (answer.empty() || answer[0] == '0') return std::nullopt;
    return answer.substr(1);
}

pdf::ParsedPdf parse_signed_pdf_isolated(const std::string& pdf_bytes, const IsolationLimits& limits) {
    pdf::load_signature_module();  // here, not in each child under its limits
    try {
        return pdf::parsed_pdf_from_wire(
            run_isolated([&] { return pdf::to_wire(pdf::parse_signed_pdf(pdf_bytes)); }, limits));
    } catch (const std::exception& e) {
        pdf::ParsedPdf unreadable;
        unreadable.error = e.what();
        return unreadable;
    }
}

}  // namespace tertial::cli
