// `tertial build`'s reports read and checked on several threads, handed on in file order.
#include "build_reports.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <sstream>
#include <thread>

#include "build_progress.hpp"
#include "tertial/resolve.hpp"

namespace tertial::cli {
namespace {

struct Checked {
    std::optional<LoadedReport> report;
    std::string said;
    std::exception_ptr failure;
    bool done = false;
};

}  // namespace

void check_reports(const std::vector<std::string>& files, PluginHost& host, unsigned jobs, BuildProgress& progress,
                   const TakeChecked& take, const std::function<void()>& plugins_loaded) {
    auto check = [&](std::size_t i, std::mutex* host_lock) {
        Checked c;
        try {
            std::ostringstream said;
            c.report = load_and_check(files[i], host, said, host_lock, plugins_loaded);
            c.said = said.str();
        } catch (...) {
            c.failure = std::current_exception();
        }
        return c;
    };
    auto hand_on = [&](Checked c) {
        if (c.failure) std::rethrow_exception(c.failure);
        take(std::move(c.report), c.said);
    };
    const std::size_t workers = std::min<std::size_t>(std::max(1u, jobs), files.size());
    if (workers <= 1) {
        for (std::size_t i = 0; i < files.size(); ++i) {
            progress.checking(i + 1);
            hand_on(check(i, nullptr));
        }
        return;
    }
    prepare_checks();  // before the threads: see resolve.hpp
    std::vector<Checked> results(files.size());
    std::mutex lock;  // guards results' `done`, and `next`
    std::condition_variable changed;
    std::size_t next = 0;
    std::mutex host_lock;
    auto work = [&] {
        for (;;) {
            std::size_t i;
            {
                std::lock_guard<std::mutex> held(lock);
                if (next >= files.size()) return;
                i = next++;
            }
            Checked c = check(i, &host_lock);
            std::lock_guard<std::mutex> held(lock);
            results[i] = std::move(c);
            results[i].done = true;
            changed.notify_all();
        }
    };
    std::vector<std::thread> threads;
    // The threads are joined before anything is thrown from here: a thread
    // that cannot be started, a take() that throws, or a check's exception
    // passed on waits for those running first.
    struct Joiner {
        std::vector<std::thread>& threads;
        std::mutex& lock;
        std::size_t& next;
        std::size_t end;
        ~Joiner() {
            {
                std::lock_guard<std::mutex> held(lock);
                next = end;  // none starts another report
            }
            for (auto& t : threads) t.join();
        }
    } joiner{threads, lock, next, files.size()};
    for (std::size_t t = 0; t < workers; ++t) threads.emplace_back(work);
    for (std::size_t i = 0; i < files.size(); ++i) {
        progress.checking(i + 1);  // the first report not yet said
        Checked c;
        {
            std::unique_lock<std::mutex> held(lock);
            changed.wait(held, [&] { return results[i].done; });
            c = std::move(results[i]);
        }
        hand_on(std::move(c));
    }
}

}  // namespace tertial::cli
