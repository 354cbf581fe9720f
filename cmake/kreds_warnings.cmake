# kreds_set_warnings(target): the project's warning flags, per target, never
# global. -Werror only when KREDS_WARNINGS_AS_ERRORS is on (the dev preset).
function(kreds_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
    # g++ 12 reports Asio's coroutine-frame allocator (operator new/delete
    # members of awaitable_frame_base) as mismatched once inlined: a false positive.
    -Wno-mismatched-new-delete
    $<$<BOOL:${KREDS_WARNINGS_AS_ERRORS}>:-Werror>)
endfunction()
