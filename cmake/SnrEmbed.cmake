# snr_embed_assets(TARGET target FILES a b ...): compiles the files into the
# target as snr::assets::find("relative/path") -> std::string_view.
function(snr_embed_assets)
  cmake_parse_arguments(ARG "" "TARGET;BASE_DIR" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_assets.cpp)
  set(abs_files)
  foreach(f IN LISTS ARG_FILES)
    list(APPEND abs_files ${ARG_BASE_DIR}/${f})
  endforeach()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DBASE_DIR=${ARG_BASE_DIR} "-DFILES=${ARG_FILES}"
            -P ${PROJECT_SOURCE_DIR}/cmake/SnrEmbedGenerate.cmake
    DEPENDS ${abs_files} ${PROJECT_SOURCE_DIR}/cmake/SnrEmbedGenerate.cmake
    COMMENT "Embedding ${CMAKE_CURRENT_LIST_DIR} assets"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE ${out})
endfunction()
