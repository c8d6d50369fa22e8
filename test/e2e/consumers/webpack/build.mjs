// Builds the app with webpack's Node API (what `npx webpack` runs), and puts index.html beside it.
import { copyFileSync } from 'node:fs';
import webpack from 'webpack';
import config from './webpack.config.mjs';

// webpack's size hints (over 244 KiB) are about any app with a model in it, not about the package.
const SIZE_HINT = /^(asset|entrypoint) size limit|^webpack performance recommendations/;

webpack(config, (error, stats) => {
  if (error) throw error;
  const { errors, warnings } = stats.toJson({ all: false, errors: true, warnings: true });
  const problems = [...errors, ...warnings.filter((w) => !SIZE_HINT.test(w.message))];
  console.log(stats.toString({ all: false, assets: true, colors: false }));
  for (const problem of problems) console.error(`${problem.moduleName ?? ''} ${problem.message}`);
  if (problems.length > 0) process.exitCode = 1;
  else copyFileSync('index.html', 'dist/index.html');
});
