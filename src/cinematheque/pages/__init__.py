"""The page layer: pages assembled from sections that each app registers, and the
whole-page cache that serves them to visitors. It imports no domain app; the apps
import it to register what they contribute."""
