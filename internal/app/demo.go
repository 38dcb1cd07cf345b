package app

import "corridor/internal/demo"

// DemoLoaders are the domains' demo data loaders, in dependency order.
func DemoLoaders() []demo.Loader {
	return append(dataDemoLoaders(), lawDemoLoaders()...)
}

// dataDemoLoaders load the data pillar's bundled samples.
func dataDemoLoaders() []demo.Loader { return nil }

// lawDemoLoaders load the law pillar's bundled samples.
func lawDemoLoaders() []demo.Loader { return nil }
