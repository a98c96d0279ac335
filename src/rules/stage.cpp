// Stage library rules: see the headers in this folder.
namespace tl::rules { int stage_linked_rules = 0; }
