// The first layout pass's helper thread (LayoutInput::helper_thread): the same document, the cache filled from the end.
#include <gtest/gtest.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "commands.hpp"
#include "layout/layout_engine.hpp"  // formats/pdf/src: the helper's own steps
#include "outputs.hpp"
#include "seed_layout_fixture.hpp"
#include "tertial/pdf/display.hpp"
#include "tertial/pdf/pdf_writer.hpp"
#include "test_files.hpp"
#include "threads.hpp"

namespace tertial {
namespace {

namespace fs = std::filesystem;

class LayoutHelper : public test::SeedLayout {
protected:
    pdf::LayoutInput input(const pdf::Resources& resources, bool helper) const {
        pdf::LayoutInput in{*report_->read.report, *report_->resolution, style_, resources, report_->text};
        in.helper_thread = helper;
        return in;
    }
    std::string alone() const {
        auto fresh = pdf::Resources::load(style_);
        return pdf::write_pdf(input(*fresh, false));
    }
    // What the helper leaves in a cold cache, told the first pass has begun
    // `begun` of the body's units.
    std::size_t entries_left_by_helper(std::size_t begun) {
        const pdf::LayoutInput in = input(*resources_, false);  // the layouter keeps a reference
        pdf::Layouter helper(in, {});
        pdf::Layouter::Ahead ahead;
        ahead.begun = begun;
        helper.lay_out_from_end(ahead);
        return resources_->text_cache().entries();
    }
};

// Every example, from cold resources each time (so that the helper has
// work to do): the bytes of the PDF made without it.
TEST_F(LayoutHelper, EveryExampleGivesTheSameBytes) {
    std::size_t examples = 0;
    for (const fs::path& path : test::example_files()) {
        std::ostringstream err;
        auto r = cli::load_and_check(path.string(), host_, err);
        ASSERT_TRUE(r && r->resolution) << path << err.str();
        HouseStyle style = cli::report_house_style(*r->read.report, host_);
        auto plain = pdf::Resources::load(style);
        auto helped = pdf::Resources::load(style);
        pdf::LayoutInput without{*r->read.report, *r->resolution, style, *plain, r->text};
        pdf::LayoutInput with{*r->read.report, *r->resolution, style, *helped, r->text};
        with.helper_thread = true;
        EXPECT_TRUE(pdf::write_pdf(without) == pdf::write_pdf(with)) << path;
        ++examples;
    }
    EXPECT_GE(examples, 4u) << "the examples the README builds";
}

// The helper lays out from the last unit back and stops before the first
// one the first pass has begun; what it leaves in the cache changes
// nothing in the document.
TEST_F(LayoutHelper, FillsTheCacheFromTheEndUpToTheFirstPass) {
    EXPECT_EQ(entries_left_by_helper(std::numeric_limits<std::size_t>::max()), 0u) << "the first pass is past every unit";
    std::size_t units = 0;
    for (const Block& b : report_->read.report->body) {
        const auto* s = std::get_if<Section>(&b.content);
        units += s && !s->body.empty() ? s->body.size() : 1;
    }
    ASSERT_GT(units, 10u);
    std::size_t last = entries_left_by_helper(units - 1);
    EXPECT_GT(last, 0u) << "the last unit laid out";
    std::size_t all = entries_left_by_helper(0);
    EXPECT_GT(all, last) << "then every unit, from the end";
    EXPECT_TRUE(pdf::write_pdf(input(*resources_, false)) == alone());
}

TEST_F(LayoutHelper, StopsWhenTold) {
    const pdf::LayoutInput in = input(*resources_, false);
    pdf::Layouter helper(in, {});
    pdf::Layouter::Ahead ahead;
    ahead.stop = true;
    EXPECT_ANY_THROW(helper.lay_out_from_end(ahead));
    EXPECT_EQ(resources_->text_cache().entries(), 0u);
}

// A table no page holds, last in the body: the helper meets it first and
// gives up; the first pass fails on it as it does alone.
TEST_F(LayoutHelper, ALayoutThatFailsFailsTheSame) {
    auto r = cli::check_text("bred.json", seed_with_too_wide_table(report_->read.report->body.size()), host_);
    ASSERT_TRUE(r.read.report && r.resolution);
    std::string said[2];
    for (bool helper : {false, true}) {
        auto fresh = pdf::Resources::load(style_);
        pdf::LayoutInput in{*r.read.report, *r.resolution, style_, *fresh, {}};
        in.helper_thread = helper;
        try {
            pdf::layout_report(in);
            ADD_FAILURE() << "laid out";
        } catch (const pdf::LayoutError& e) {
            said[helper] = e.pointer + " " + e.code + " " + e.what();
        }
    }
    EXPECT_NE(said[0].find("/body/5"), std::string::npos) << said[0];
    EXPECT_EQ(said[1], said[0]);
}

// LayoutInput::beside_layout runs once, and has run when layout_report()
// returns: on the helper thread, once its part of the layout is over, or on
// the caller's when there is no helper (none asked for, or a report whose
// long tables leave the first pass alone: helper_thread_pays()).
TEST_F(LayoutHelper, TheWorkBesideTheLayoutRunsOnceAndIsDoneWhenItReturns) {
    const std::string plain = alone();
    for (bool helper : {false, true}) {
        auto fresh = pdf::Resources::load(style_);
        pdf::LayoutInput in = input(*fresh, helper);
        std::atomic<int> runs{0};
        std::atomic<bool> beside_caller{false};
        const std::thread::id caller = std::this_thread::get_id();
        in.beside_layout = [&]() noexcept {
            beside_caller = std::this_thread::get_id() == caller;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));  // longer than what is left of the layout
            ++runs;
        };
        ASSERT_TRUE(pdf::helper_thread_pays(*report_->read.report));
        pdf::Document document = pdf::layout_report(in);
        EXPECT_EQ(runs.load(), 1) << "helper " << helper;
        EXPECT_EQ(beside_caller.load(), !helper) << "helper " << helper;
        EXPECT_TRUE(pdf::emit_pdf(std::move(document)) == plain) << "helper " << helper;
    }
}

// A layout that fails has still run the work beside it once when there is
// a helper (joined before the error leaves layout_report()).
TEST_F(LayoutHelper, TheWorkBesideAFailedLayoutIsJoined) {
    auto r = cli::check_text("bred.json", seed_with_too_wide_table(0), host_);  // met by the first pass at once
    ASSERT_TRUE(r.read.report && r.resolution);
    auto fresh = pdf::Resources::load(style_);
    pdf::LayoutInput in{*r.read.report, *r.resolution, style_, *fresh, {}};
    in.helper_thread = true;
    std::atomic<int> runs{0};
    in.beside_layout = [&]() noexcept { ++runs; };
    EXPECT_THROW(pdf::layout_report(in), pdf::LayoutError);
    EXPECT_EQ(runs.load(), 1);
}

// start_beside(): a helper thread is moved off its starter's CPU before it
// runs, to the process's other CPUs; with Beside::throughout it stays off
// it, with Beside::at_start it may go anywhere once it runs. The starter's
// own CPUs are its own either way.
TEST(HelperThreads, StartBesideRunsTheThreadOnTheOtherCpus) {
    cpu_set_t allowed;
    ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
    if (CPU_COUNT(&allowed) < 2) GTEST_SKIP() << "one CPU";
    std::atomic<bool> moved{false};
    int ran_on = -1;
    cpu_set_t its{};
    std::thread helper = pdf::start_beside(pdf::Beside::throughout, [&] {
        while (!moved) std::this_thread::yield();  // until start_beside() has returned
        ran_on = sched_getcpu();
        sched_getaffinity(0, sizeof its, &its);
    });
    moved = true;
    helper.join();
    EXPECT_EQ(CPU_COUNT(&its), CPU_COUNT(&allowed) - 1) << "one CPU, the starter's, left out";
    ASSERT_GE(ran_on, 0);
    EXPECT_TRUE(CPU_ISSET(ran_on, &its));
    cpu_set_t both;
    CPU_AND(&both, &its, &allowed);
    EXPECT_TRUE(CPU_EQUAL(&both, &its)) << "only CPUs the process may use";
    cpu_set_t mine;
    sched_getaffinity(0, sizeof mine, &mine);
    EXPECT_TRUE(CPU_EQUAL(&mine, &allowed));
}

TEST(HelperThreads, StartBesideAtStartLetsTheThreadGoOnceItRuns) {
    cpu_set_t allowed;
    ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
    if (CPU_COUNT(&allowed) < 2) GTEST_SKIP() << "one CPU";
    // Several, so that a thread that ran before its starter had moved it
    // (and was then kept off the starter's CPU after all) would show.
    for (int round = 0; round < 20; ++round) {
        cpu_set_t its{};
        std::thread helper = pdf::start_beside(pdf::Beside::at_start, [&] { sched_getaffinity(0, sizeof its, &its); });
        helper.join();
        ASSERT_TRUE(CPU_EQUAL(&its, &allowed)) << "round " << round << ": every CPU of the process, once it runs";
    }
    cpu_set_t mine;
    sched_getaffinity(0, sizeof mine, &mine);
    EXPECT_TRUE(CPU_EQUAL(&mine, &allowed));
}

// A Handover is pending from start() to finish(), and wait() waits exactly
// then: what pdf::emit_module_loading() says of the PDF writer's module.
TEST(HelperThreads, AHandoverIsPendingFromItsStartToItsFinish) {
    pdf::Handover work;
    EXPECT_FALSE(work.pending()) << "not started: nothing to wait for";
    work.wait();  // returns at once
    work.start();
    EXPECT_TRUE(work.pending());
    std::atomic<bool> waited{false};
    std::thread waiter([&] {
        work.wait();
        waited = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_FALSE(waited) << "wait() returned while the work was pending";
    work.finish();
    waiter.join();
    EXPECT_TRUE(waited);
    EXPECT_FALSE(work.pending());
}

// The PDF writer's module: loading only while preload_emit_module()'s
// thread loads it, and once in, not again.
TEST(HelperThreads, TheEmitModuleIsLoadingOnlyUntilItIsIn) {
    EXPECT_FALSE(pdf::emit_module_loading()) << "before anyone asked for it";
    pdf::preload_emit_module();
    for (int i = 0; i < 3000 && pdf::emit_module_loading(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_FALSE(pdf::emit_module_loading()) << "still loading after 30 s";
    pdf::preload_emit_module();  // once only
    EXPECT_FALSE(pdf::emit_module_loading());
}

}  // namespace
}  // namespace tertial
