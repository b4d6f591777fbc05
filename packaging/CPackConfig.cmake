# `cpack -G DEB` in the build dir makes a Debian package of the app, the CLI and the
# desktop integration; dependencies are the runtime halves of packaging/install-deps.sh.
set(CPACK_PACKAGE_NAME "masklet")
set(CPACK_PACKAGE_VENDOR "Masklet")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Annotate objects in video with SAM 2 (native C++)")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Masklet developers")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread, ffmpeg, curl, ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SECTION "graphics")
# dpkg-shlibdeps takes the library dependencies from the build machine, so a package installs on
# the distribution (and with the LibTorch) it was built on: its file name says which, e.g.
# masklet_0.1.0-1+deb13_amd64.deb, or 1+deb13+cuda for a build against LibTorch with CUDA.
set(_masklet_release "1")
if(EXISTS /etc/os-release)
  file(STRINGS /etc/os-release _masklet_os REGEX "^(ID|VERSION_ID)=")
  if(_masklet_os MATCHES "ID=\"?debian\"?" AND _masklet_os MATCHES "VERSION_ID=\"?([0-9]+)")
    string(APPEND _masklet_release "+deb${CMAKE_MATCH_1}")
  endif()
endif()
if(C10_CUDA_LIBRARY)
  string(APPEND _masklet_release "+cuda")
endif()
set(CPACK_DEBIAN_PACKAGE_RELEASE "${_masklet_release}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_GENERATOR "DEB")
include(CPack)
