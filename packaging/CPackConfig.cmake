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
set(CPACK_GENERATOR "DEB")
include(CPack)
