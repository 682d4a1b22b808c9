/** The sizer: V8 layout model and object-graph walk (platform-free). */
export { Sizer, type SizerOptions, type Sized } from './Sizer.js';
export { sizeOf, asized } from './sizeOf.js';
export { preview } from './preview.js';
export { layoutFor, type Layout } from './Layout.js';
