#pragma once
// MASKLET_NO_DANGLING marks a function whose returned reference points into its first argument
// (or into static data), never into its other arguments. GCC 14's -Wdangling-reference guesses
// otherwise when those are temporaries, e.g. `const Json& a = asArray(v, field(where, "x"));`,
// and the project builds with -Werror; the attribute states the fact instead of reshaping calls.
#if defined(__has_cpp_attribute)
#if __has_cpp_attribute(gnu::no_dangling)
#define MASKLET_NO_DANGLING [[gnu::no_dangling]]
#endif
#endif
#ifndef MASKLET_NO_DANGLING
#define MASKLET_NO_DANGLING
#endif
