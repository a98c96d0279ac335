// Stage library index: see the headers in this folder.
namespace tl::index { int stage_linked_index = 0; }
