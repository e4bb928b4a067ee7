// The Live page's pure parts: the display filter chain, mains detection and one rolling analysis update.
export * from './display-filter';
export * from './live-spectrum';
export * from './mains-detection';
