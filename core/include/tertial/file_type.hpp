// What kind of file a stat mode names, in the words of Tertial's messages.
#pragma once

#include <sys/types.h>

namespace tertial {

// "a directory", "a named pipe (FIFO)", "a character device", "a block
// device", "a socket", "a symbolic link" (from lstat), "a regular file";
// "a special file" for anything else.
const char* file_type_words(mode_t mode);

}  // namespace tertial
