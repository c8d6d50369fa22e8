// Builds the app with webpack's Node API (what `npx webpack` runs), and puts index.html beside it.
import { copyFileSync } from 'node:fs';
import webpack from 'webpack';
import config from './webpack.config.mjs';

webpack(config, (error, stats) => {
  if (error) throw error;
  console.log(stats.toString({ all: false, assets: true, errors: true, warnings: true, colors: false }));
  if (stats.hasErrors() || stats.hasWarnings()) process.exitCode = 1;
  else copyFileSync('index.html', 'dist/index.html');
});
