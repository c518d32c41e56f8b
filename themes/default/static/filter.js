// Filters plan items and course cards in place; the page works fully without it.
