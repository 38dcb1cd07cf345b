package app

import "corridor/internal/demo"

// DemoLoaders are the domains' demo data loaders, in dependency order.
func DemoLoaders() []demo.Loader {
	return nil
}
