// Runs one command and writes how long it took and its peak memory:
//
//   measure OUT CMD [ARG...]
//
// writes "MS KB RC CPU" to the file OUT: wall-clock milliseconds from just
// before the fork to the return of wait4 (CLOCK_MONOTONIC), the child's
// maximum resident set in KB (rusage ru_maxrss), its exit status (128 +
// signal number if a signal ended it), and its CPU time in milliseconds
// (user + system, from the same rusage: what the figures come to on a
// machine busy with other work, where the wall clock is not the program's;
// not the kernel's freeing of `tertial`'s memory after its end, which a
// stand-in process does, cli/src/teardown.cpp). The command's own output goes where
// measure's goes. bench/pdf_bench.sh times every run with it: a shell's
// $(date +%s%N) around GNU time costs two or three process starts per
// sample, 6-10 ms on this VM, added to every figure.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: measure OUT CMD [ARG...]\n");
        return 2;
    }
    std::FILE* out = std::fopen(argv[1], "we");  // e: close-on-exec, the command never sees it
    if (!out) {
        std::fprintf(stderr, "measure: cannot write %s: %s\n", argv[1], std::strerror(errno));
        return 2;
    }
    timespec t0{}, t1{};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        std::fprintf(stderr, "measure: fork: %s\n", std::strerror(errno));
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        std::fprintf(stderr, "measure: cannot run %s: %s\n", argv[2], std::strerror(errno));
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            std::fprintf(stderr, "measure: wait4: %s\n", std::strerror(errno));
            return 2;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    double cpu = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
                 (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
    std::fprintf(out, "%.2f %ld %d %.1f\n", ms, usage.ru_maxrss, rc, cpu);
    return std::fclose(out) == 0 ? 0 : 2;
}
