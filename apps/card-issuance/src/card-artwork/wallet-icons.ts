/**
 * The pass icon Apple Wallet requires (29 pt, at 1x and 2x): a plain square in the programme
 * colour, embedded so that the build needs no asset copying. Replace with the brand's artwork.
 */
export const WALLET_ICON_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAB0AAAAdCAIAAADZ8fBYAAAAJklEQVR42mOQi7KhBWIYNXfU3FFzR80dNXfU3FFzR80dNXdQmQsAusdPc9Fi0hIAAAAASUVORK5CYII=',
  'base64',
);
export const WALLET_ICON_2X_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAADoAAAA6CAIAAABu2d1/AAAARklEQVR42u3OAQkAAAgDsCcxiUnsH8Qch8ECLHNbJLq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6PR7SWz3Yc5vx2QAAAABJRU5ErkJggg==',
  'base64',
);
