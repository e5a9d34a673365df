// `tertial build`'s outputs made on several threads, staged on the calling one.
#include "build_outputs.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "build_progress.hpp"
#include "tertial/pdf/pdf_writer.hpp"

namespace tertial::cli {
namespace {

class Maker {
public:
    Maker(const std::vector<PlannedOutput>& plan, BuildContext& context, AtomicFileSet& files, unsigned jobs,
          BuildProgress& progress)
        : plan_(plan), context_(context), files_(files), jobs_(jobs), progress_(progress) {}

    std::optional<OutputFailure> run() {
        if (jobs_ == 1) return run_here();
        std::vector<std::thread> threads;
        running_ = jobs_;
        for (unsigned i = 0; i < jobs_; ++i) threads.emplace_back([this] { work(); });
        stage_as_made();
        for (auto& t : threads) t.join();
        return failure_;
    }

private:
    // One at a time, on this thread: made and staged in plan order, up to
    // the first that fails (what one worker and the stager would do), and
    // in the main thread's heap.
    std::optional<OutputFailure> run_here() {
        for (std::size_t i = 0; i < plan_.size(); ++i) {
            auto made = make(i);
            if (!made) break;
            try {
                files_.stage(plan_[i].target, *made);
            } catch (const OutputError& e) {
                fail({OutputFailure::Kind::stage, i, e.what(), {}, {}});
                break;
            }
        }
        return failure_;
    }

    // Each worker takes the next output in plan order, unless as many made
    // outputs already wait to be staged as there are workers.
    void work() {
        for (;;) {
            std::size_t i;
            {
                std::unique_lock<std::mutex> held(lock_);
                changed_.wait(held, [this] { return stop_ || ready_.size() < jobs_; });
                if (stop_ || next_ >= plan_.size()) break;
                i = next_++;
            }
            auto made = make(i);
            std::lock_guard<std::mutex> held(lock_);
            if (made)
                ready_.emplace(i, std::move(*made));
            else
                stop_ = true;
            changed_.notify_all();
        }
        std::lock_guard<std::mutex> held(lock_);
        --running_;
        changed_.notify_all();
    }

    std::optional<std::string> make(std::size_t i) {
        const PlannedOutput& p = plan_[i];
        try {
            std::string bytes = p.format->write(*p.report, context_);
            progress_.made();
            return bytes;
        } catch (const pdf::LayoutError& e) {
            fail({OutputFailure::Kind::layout, i, e.what(), e.code, e.pointer});
        } catch (const std::exception& e) {
            fail({OutputFailure::Kind::make, i, e.what(), {}, {}});
        }
        return std::nullopt;
    }

    void fail(OutputFailure f) {
        std::lock_guard<std::mutex> held(failure_lock_);
        if (!failure_ || f.index < failure_->index) failure_ = std::move(f);
    }

    // Every output made is staged, also after a failure: one earlier in the
    // plan may fail to stage, and that is the failure to report.
    void stage_as_made() {
        for (;;) {
            std::unique_lock<std::mutex> held(lock_);
            changed_.wait(held, [this] { return !ready_.empty() || running_ == 0; });
            if (ready_.empty()) return;
            auto first = ready_.begin();
            std::size_t i = first->first;
            std::string bytes = std::move(first->second);
            ready_.erase(first);
            changed_.notify_all();
            held.unlock();
            try {
                files_.stage(plan_[i].target, bytes);
            } catch (const OutputError& e) {
                fail({OutputFailure::Kind::stage, i, e.what(), {}, {}});
                held.lock();
                stop_ = true;
                changed_.notify_all();
            }
        }
    }

    const std::vector<PlannedOutput>& plan_;
    BuildContext& context_;
    AtomicFileSet& files_;
    const unsigned jobs_;
    BuildProgress& progress_;

    std::mutex lock_;  // guards next_, stop_, ready_, running_
    std::condition_variable changed_;
    std::size_t next_ = 0;
    bool stop_ = false;
    std::map<std::size_t, std::string> ready_;  // made, by plan index, to stage
    unsigned running_ = 0;

    std::mutex failure_lock_;
    std::optional<OutputFailure> failure_;
};

}  // namespace

std::optional<OutputFailure> make_outputs(const std::vector<PlannedOutput>& plan, BuildContext& context,
                                          AtomicFileSet& files, unsigned jobs, BuildProgress& progress) {
    if (plan.empty()) return std::nullopt;
    return Maker(plan, context, files, output_threads(plan.size(), jobs), progress).run();
}

}  // namespace tertial::cli
