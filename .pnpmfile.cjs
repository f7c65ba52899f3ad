// The root's configuration files (eslint.config.js, .remarkrc.js, the benchmarks) import the
// workspace's own tools by name. Declared in the root package.json, those dependencies would put
// every file of the tools, and of what they depend on, into turbo's global hash, so that a change to
// one package re-ran every package's tasks. Added here, at install time, pnpm links them while turbo,
// which reads package.json files from disk, sees a root with no internal dependencies.
const rootTools = {
  '@bookiji/eslint-plugin': 'workspace:^',
  '@bookiji/proof': 'workspace:^',
  '@bookiji/remark-preset-operations': 'workspace:^',
};

module.exports = {
  hooks: {
    readPackage(manifest) {
      if (manifest.name === 'bookiji-operations') {
        manifest.devDependencies = { ...manifest.devDependencies, ...rootTools };
      }
      return manifest;
    },
  },
};
