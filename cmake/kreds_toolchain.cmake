# Compiler launcher (ccache) and sanitizers for the whole build.
if(KREDS_USE_CCACHE)
  find_program(KREDS_CCACHE ccache)
  if(KREDS_CCACHE)
    # Precompiled headers need these sloppiness settings to hit the cache.
    set(CMAKE_CXX_COMPILER_LAUNCHER
        ${CMAKE_COMMAND} -E env
        "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
        ${KREDS_CCACHE})
  endif()
endif()

if(KREDS_SANITIZERS)
  add_compile_options(-fsanitize=${KREDS_SANITIZERS} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${KREDS_SANITIZERS})
endif()
