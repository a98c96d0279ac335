// Stage library report: see the headers in this folder.
namespace tl::report { int stage_linked_report = 0; }
