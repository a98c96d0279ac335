// Stage library analysis: see the headers in this folder.
namespace tl::analysis { int stage_linked_analysis = 0; }
