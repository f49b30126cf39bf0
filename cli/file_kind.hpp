#pragma once

#include <sys/stat.h>

#include <string_view>

namespace sipsurv::cli {

// What a file that is not a regular file is, for the one-line errors of the
// input readers (file_read.hpp) and the textfile writer (textfile.hpp):
// "a FIFO (named pipe)", "a symbolic link", "a directory", …
std::string_view file_kind(mode_t mode);

} // namespace sipsurv::cli
