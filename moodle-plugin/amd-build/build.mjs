// Builds paygw_passerelle's AMD modules: amd/src/<name>.js -> amd/build/<name>.min.js (+ .map), as Moodle's
// `grunt amd` does for a plugin: Babel (preset-env, ES modules to a named AMD define "paygw_passerelle/<name>"), then
// terser without mangling, with a source map whose sourcesContent is the source (the build checks they match).
//   cd moodle-plugin/amd-build && npm ci && npm run build
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {transformAsync} from '@babel/core';
import {minify} from 'terser';

const here = dirname(fileURLToPath(import.meta.url));
const plugin = join(here, '..', 'passerelle');
const component = 'paygw_passerelle';

for (const file of readdirSync(join(plugin, 'amd', 'src')).filter(f => f.endsWith('.js')).sort()) {
    const name = basename(file, '.js');
    const source = readFileSync(join(plugin, 'amd', 'src', file), 'utf8');
    const babel = await transformAsync(source, {
        filename: file,
        sourceFileName: `../src/${file}`,
        babelrc: false,
        configFile: false,
        presets: [['@babel/preset-env', {modules: false, configPath: here}]],
        plugins: ['@babel/plugin-transform-modules-amd'],
        moduleIds: true,
        moduleId: `${component}/${name}`,
        sourceMaps: true,
        comments: true,
    });
    const min = await minify(babel.code, {
        mangle: false,
        sourceMap: {
            content: babel.map,
            filename: `${name}.min.js`,
            url: `${name}.min.js.map`,
            includeSources: true,
        },
    });
    writeFileSync(join(plugin, 'amd', 'build', `${name}.min.js`), min.code);
    const map = JSON.parse(min.map);
    map.sources = [`../src/${file}`];
    map.sourcesContent = [source];
    writeFileSync(join(plugin, 'amd', 'build', `${name}.min.js.map`), JSON.stringify(map));
    console.log(`amd/build/${name}.min.js (${min.code.length} bytes) and its map`);
}
